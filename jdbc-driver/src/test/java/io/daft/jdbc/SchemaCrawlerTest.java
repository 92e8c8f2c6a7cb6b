package io.daft.jdbc;

import io.daft.jdbc.server.DaftServer;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSource;
import us.fatehi.utility.datasource.DatabaseConnectionSources;
import us.fatehi.utility.datasource.MultiUseUserCredentials;

import java.sql.Types;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real metadata crawler (SchemaCrawler) over the embedded and the remote driver. */
class SchemaCrawlerTest {
    @Test
    void crawlsEmbeddedAndRemote() throws Exception {
        Map<String, String> embedded = crawl(EmbeddedDriverTest.url());
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0))) {
            Map<String, String> remote = crawl(server.url());
            assertEquals(embedded, remote);
        }
        assertEquals(Types.BIGINT + ":BIGINT:19", embedded.get("orders.o_orderkey"), embedded.toString());
        assertEquals(Types.DECIMAL + ":DECIMAL(12, 2):12", embedded.get("orders.o_totalprice"), embedded.toString());
        assertEquals(Types.DATE + ":DATE:10", embedded.get("orders.o_orderdate"), embedded.toString());
        assertTrue(embedded.get("orders.o_orderstatus").startsWith(Types.VARCHAR + ":"), embedded.toString());
        assertTrue(embedded.keySet().containsAll(java.util.List.of("nation.n_name", "lineitem.l_shipdate", "customer.c_acctbal")));
    }

    private static Map<String, String> crawl(String url) throws Exception {
        DatabaseConnectionSource source = DatabaseConnectionSources.newDatabaseConnectionSource(url,
                new MultiUseUserCredentials("daft", ""));
        SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
                .withLoadOptions(LoadOptionsBuilder.builder().withSchemaInfoLevel(SchemaInfoLevelBuilder.standard()).toOptions());
        Catalog catalog = SchemaCrawlerUtility.getCatalog(source, options);
        Map<String, String> cols = new TreeMap<>();
        for (Table t : catalog.getTables()) {
            if (!"daft".equals(t.getSchema().getName())) {
                continue;
            }
            for (Column c : t.getColumns()) {
                cols.put(t.getName() + "." + c.getName(), c.getColumnDataType().getJavaSqlType().getVendorTypeNumber()
                        + ":" + c.getColumnDataType().getName() + ":" + c.getSize());
            }
        }
        source.close();
        return cols;
    }
}
