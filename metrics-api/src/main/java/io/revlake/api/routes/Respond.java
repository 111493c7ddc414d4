package io.revlake.api.routes;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes an answer as JSON, or as CSV with the same rows when the client asks for CSV. */
public final class Respond {
    public static final List<String> FORMATS = List.of("json", "csv");

    private Respond() {
    }

    /**
     * CSV when {@code format=csv}, or no format parameter and the Accept header names {@code text/csv};
     * JSON otherwise. A format other than json/csv is a 400.
     */
    public static boolean wantsCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null && !format.isBlank()) {
            String f = format.trim().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(f)) {
                throw ApiErrors.notOneOf("format", format, FORMATS);
            }
            return f.equals("csv");
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    /**
     * @param body    the JSON answer
     * @param rows    its rows, the CSV answer
     * @param columns CSV header when there are no rows
     * @param name    file name stem for the download
     */
    public static void rows(Context ctx, Object body, List<Map<String, Object>> rows, List<String> columns, String name) {
        if (wantsCsv(ctx)) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(Csv.write(rows, columns));
        } else {
            ctx.json(body);
        }
    }
}
