package io.revlake.notebooks;

/**
 * Something a notebook shows as HTML (a chart, a note), with a plain-text stand-in for consoles and diffs.
 * The revlake-java kernel renders a cell's value of this type as {@code text/html} + {@code text/plain}.
 */
public interface HtmlOutput {
    /** A self-contained HTML fragment (scripts included). */
    String html();

    /** A short plain-text description, shown where HTML is not rendered. */
    String text();

    /** A note in HTML (escaped) and text: for "this table is not built yet" and similar messages. */
    static HtmlOutput note(String message) {
        String html = "<div style=\"border-left:4px solid #e6a23c;padding:6px 10px;background:#fdf6ec\">"
                + HtmlTables.escape(message) + "</div>";
        return new HtmlOutput() {
            @Override
            public String html() {
                return html;
            }

            @Override
            public String text() {
                return message;
            }

            @Override
            public String toString() {
                return message;
            }
        };
    }
}
