package io.revlake.notebooks;

import java.util.Locale;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Renders Tablesaw tables as HTML for notebooks: numbers right-aligned, doubles with two decimals, head only. */
public final class HtmlTables {
    /** Rows shown when a table is displayed; the rest is summarised in a footer line. */
    public static final int DEFAULT_MAX_ROWS = 40;

    private HtmlTables() {
    }

    /** The first {@link #DEFAULT_MAX_ROWS} rows of {@code table} as an HTML table. */
    public static String html(Table table) {
        return html(table, DEFAULT_MAX_ROWS);
    }

    /** The first {@code maxRows} rows of {@code table} as an HTML table, with its name and size as caption. */
    public static String html(Table table, int maxRows) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<div class=\"revlake-table\"><table style=\"border-collapse:collapse;font-size:12px\">");
        sb.append("<caption style=\"text-align:left;font-weight:bold\">").append(escape(table.name()))
                .append(" <span style=\"font-weight:normal;color:#777\">(")
                .append(String.format(Locale.ROOT, "%,d rows × %d columns", table.rowCount(), table.columnCount()))
                .append(")</span></caption><thead><tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<th style=\"border-bottom:1px solid #999;padding:2px 8px;text-align:")
                    .append(c instanceof NumberColumn ? "right" : "left").append("\">")
                    .append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int shown = Math.min(maxRows, table.rowCount());
        for (int row = 0; row < shown; row++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) {
                sb.append("<td style=\"padding:2px 8px;text-align:")
                        .append(c instanceof NumberColumn ? "right" : "left").append("\">")
                        .append(escape(cell(c, row))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (shown < table.rowCount()) {
            sb.append(String.format(Locale.ROOT, "<div style=\"color:#777;font-size:11px\">%,d more rows not shown</div>",
                    table.rowCount() - shown));
        }
        return sb.append("</div>").toString();
    }

    /** A plain-text rendering (Tablesaw's own), limited to {@code maxRows} rows. */
    public static String text(Table table, int maxRows) {
        return table.rowCount() <= maxRows ? table.printAll() : table.print(maxRows);
    }

    static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%,.2f", d);
        }
        if (v instanceof Float f) {
            return String.format(Locale.ROOT, "%,.2f", f);
        }
        return String.valueOf(v);
    }

    /** HTML-escapes text for element content and attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
