package io.daft;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.Values;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as a boxed text table, column names over types, as Daft's {@code show}. */
public final class TableFormatter {
    private static final int MAX_CELL = 40;

    private TableFormatter() {
    }

    public static String format(Schema schema, List<List<Object>> rows) {
        int n = schema.size();
        List<String[]> cells = new ArrayList<>();
        String[] names = new String[n];
        String[] types = new String[n];
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            Field f = schema.field(c);
            names[c] = f.name();
            types[c] = f.dataType().toString();
            width[c] = Math.max(names[c].length(), types[c].length());
        }
        for (List<Object> row : rows) {
            String[] r = new String[n];
            for (int c = 0; c < n; c++) {
                String s = Values.display(row.get(c));
                if (s.length() > MAX_CELL) {
                    s = s.substring(0, MAX_CELL - 1) + "…";
                }
                r[c] = s;
                width[c] = Math.max(width[c], s.length());
            }
            cells.add(r);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, width, '╭', '┬', '╮');
        row(sb, names, width);
        row(sb, types, width);
        line(sb, width, '╞', '╪', '╡');
        for (int i = 0; i < cells.size(); i++) {
            row(sb, cells.get(i), width);
        }
        line(sb, width, '╰', '┴', '╯');
        sb.append("(Showing ").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, int[] width, char left, char mid, char right) {
        sb.append(left);
        for (int c = 0; c < width.length; c++) {
            sb.append("─".repeat(width[c] + 2)).append(c == width.length - 1 ? right : mid);
        }
        if (width.length == 0) {
            sb.append(right);
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, String[] values, int[] width) {
        sb.append('│');
        for (int c = 0; c < values.length; c++) {
            sb.append(' ').append(values[c]).append(" ".repeat(width[c] - values[c].length())).append(" │");
        }
        sb.append('\n');
    }
}
