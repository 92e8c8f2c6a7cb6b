package io.daft.jdbc.server;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames written once decode, with Avatica's own client decoder, to the same rows as Avatica's encoding. */
class CompactFramesTest {
    @Test
    void compactFramesDecodeToTheSameRowsInFewerBytes() throws Exception {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Object[] {(long) i, "name-" + i, i % 7 == 0 ? null : i * 0.5, new BigDecimal(i + ".25"), i % 2 == 0,
                    Arrays.asList(1, 2, i)});
        }
        Service.FetchResponse fetch = new Service.FetchResponse(Meta.Frame.create(10, false, rows), false, false,
                new Service.RpcMetadataResponse("server:1"));
        ProtobufTranslationImpl avatica = new ProtobufTranslationImpl();
        byte[] standard = avatica.serializeResponse(fetch);
        byte[] compact = new CompactFrames().serializeResponse(fetch);
        assertTrue(compact.length < standard.length * 0.7, compact.length + " vs " + standard.length);

        Service.FetchResponse a = (Service.FetchResponse) avatica.parseResponse(standard);
        Service.FetchResponse b = (Service.FetchResponse) avatica.parseResponse(compact);
        assertEquals(a.frame.offset, b.frame.offset);
        assertEquals(a.frame.done, b.frame.done);
        assertEquals(a.rpcMetadata, b.rpcMetadata);
        List<String> ra = new ArrayList<>();
        List<String> rb = new ArrayList<>();
        a.frame.rows.forEach(r -> ra.add(show(r)));
        b.frame.rows.forEach(r -> rb.add(show(r)));
        assertEquals(1000, rb.size());
        assertEquals(ra, rb);
        assertEquals("[999, name-999, 499.5, 999.25, false, [1, 2, 999]]", rb.get(999));

        // scalar cells carry one value; array cells are left as Avatica writes them
        Common.WireMessage wire = Common.WireMessage.parseFrom(compact);
        Responses.FetchResponse proto = Responses.FetchResponse.parseFrom(wire.getWrappedMessage());
        Common.Row first = proto.getFrame().getRows(1);
        assertEquals(0, first.getValue(0).getValueCount());
        assertTrue(first.getValue(0).hasScalarValue());
        assertTrue(first.getValue(5).getHasArrayValue());
    }

    private static String show(Object row) {
        return row instanceof Object[] ? Arrays.deepToString((Object[]) row) : String.valueOf(row);
    }
}
