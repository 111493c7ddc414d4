package io.revlake.api.routes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CSV exports: RFC 4180 (comma, CRLF, quotes doubled), UTF-8, a header row of the JSON rows' field names.
 *
 * <p>Formula injection: a spreadsheet runs a cell that starts with {@code = + - @}, tab or carriage return as a
 * formula. Such a text cell is written with a leading apostrophe ({@code '=HYPERLINK(...)}), which spreadsheets
 * show as text. <b>Numbers are never changed</b>: a numeric value (or text that is exactly a plain number, like
 * {@code -250.55} or {@code +3}) is written as it is, so negative amounts stay usable in formulas.
 */
public final class Csv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final String TRIGGERS = "=+-@\t\r";

    private Csv() {
    }

    /** The CSV text of rows; columns are the union of the rows' keys in first-seen order. */
    public static String write(List<Map<String, Object>> rows, List<String> columnsIfEmpty) {
        Set<String> columns = new LinkedHashSet<>(rows.isEmpty() ? columnsIfEmpty : List.of());
        for (Map<String, Object> row : rows) {
            columns.addAll(row.keySet());
        }
        StringBuilder out = new StringBuilder();
        line(out, new ArrayList<>(columns));
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String c : columns) {
                cells.add(cell(row.get(c)));
            }
            line(out, cells);
        }
        return out.toString();
    }

    /** One cell's text, neutralised when it is text that a spreadsheet would run as a formula. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value instanceof List<?> list ? String.join(";", list.stream().map(String::valueOf).toList())
                : value.toString();
        if (!text.isEmpty() && TRIGGERS.indexOf(text.charAt(0)) >= 0 && !NUMBER.matcher(text).matches()) {
            return "'" + text;
        }
        return text;
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                out.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                out.append(c);
            }
        }
        out.append("\r\n");
    }
}
