package io.revlake.notebooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An Apache ECharts chart shown inline in a notebook: {@code Chart.line("MRR", summary, "month", "mrr")}.
 *
 * <p>The HTML is self-contained: the first chart a kernel shows embeds {@code echarts.min.js} from the
 * {@code org.webjars.npm:echarts} webjar on the classpath (no CDN, works offline); later charts in the same
 * kernel reuse it. So after a kernel restart, run the notebook from the top, as Jupyter expects anyway.
 * Browsers run the scripts only in trusted notebooks (ones you executed yourself).
 *
 * <p>Values are plotted as given: a chart never computes a metric, it only draws gold-table columns.
 */
public final class Chart implements HtmlOutput {
    /** Where the webjar keeps the library. */
    public static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean LIBRARY_SENT = new AtomicBoolean();
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile String library;

    private final String title;
    private final String kind;
    private final int points;
    private final Map<String, Object> option;
    private int height = 360;

    private Chart(String title, String kind, int points, Map<String, Object> option) {
        this.title = Objects.requireNonNull(title, "title");
        this.kind = kind;
        this.points = points;
        this.option = option;
        option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 14)));
        option.putIfAbsent("tooltip", Map.of("trigger", "axis"));
    }

    /** One line per {@code ys} column against the {@code x} column (as categories, in table order). */
    public static Chart line(String title, Table table, String x, String... ys) {
        return series(title, "line", table, x, false, ys);
    }

    /** Grouped bars, one series per {@code ys} column. */
    public static Chart bar(String title, Table table, String x, String... ys) {
        return series(title, "bar", table, x, false, ys);
    }

    /**
     * Stacked bars: positive values stack up, negative values stack down (ECharts stacks by sign), so an MRR
     * bridge (new, expansion up; contraction, churn down) reads at a glance.
     */
    public static Chart stackedBar(String title, Table table, String x, String... ys) {
        return series(title, "bar", table, x, true, ys);
    }

    /**
     * A heat map of {@code value} by {@code x} (columns) and {@code y} (rows), e.g. cohort retention by cohort
     * month and months since start. Axis labels are sorted as text; missing cells stay blank.
     */
    public static Chart heatmap(String title, Table table, String x, String y, String value) {
        TreeSet<String> xs = new TreeSet<>(Chart::compareLabels);
        TreeSet<String> ys = new TreeSet<>(Chart::compareLabels);
        Column<?> xc = table.column(x);
        Column<?> yc = table.column(y);
        NumericColumn<?> vc = table.numberColumn(value);
        for (int row = 0; row < table.rowCount(); row++) {
            xs.add(xc.getString(row));
            ys.add(yc.getString(row));
        }
        List<String> xl = new ArrayList<>(xs);
        List<String> yl = new ArrayList<>(ys);
        List<List<Object>> data = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < table.rowCount(); row++) {
            if (vc.isMissing(row)) {
                continue;
            }
            double v = vc.getDouble(row);
            min = Math.min(min, v);
            max = Math.max(max, v);
            data.add(java.util.Arrays.asList(xl.indexOf(xc.getString(row)), yl.indexOf(yc.getString(row)), round(v)));
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("tooltip", Map.of("position", "top"));
        option.put("grid", Map.of("left", 90, "right", 30, "top", 40, "bottom", 80));
        option.put("xAxis", Map.of("type", "category", "data", xl, "name", x, "nameLocation", "middle", "nameGap", 30));
        option.put("yAxis", Map.of("type", "category", "data", yl, "name", y));
        option.put("visualMap", Map.of("min", data.isEmpty() ? 0 : round(min), "max", data.isEmpty() ? 1 : round(max),
                "calculable", true, "orient", "horizontal", "left", "center", "bottom", 0));
        option.put("series", List.of(Map.of("type", "heatmap", "data", data, "name", value)));
        return new Chart(title, "heat map of " + value, data.size(), option).height(420);
    }

    /**
     * A waterfall (bridge): the first amount is the opening total, the middle ones are movements (signed), the
     * last is the closing total. Labels name each bar. Movements float between the running totals.
     *
     * @throws IllegalArgumentException when labels and amounts differ in length or there are fewer than two
     */
    public static Chart waterfall(String title, List<String> labels, List<? extends Number> amounts) {
        if (labels.size() != amounts.size() || labels.size() < 2) {
            throw new IllegalArgumentException("a waterfall needs as many labels as amounts, at least opening and"
                    + " closing; got " + labels.size() + " labels and " + amounts.size() + " amounts");
        }
        List<Object> base = new ArrayList<>();
        List<Object> up = new ArrayList<>();
        List<Object> down = new ArrayList<>();
        double running = 0;
        for (int i = 0; i < amounts.size(); i++) {
            double a = amounts.get(i).doubleValue();
            boolean total = i == 0 || i == amounts.size() - 1;
            if (total) {
                base.add(0);
                up.add(round(a));
                down.add("-");
                running = a;
            } else if (a >= 0) {
                base.add(round(running));
                up.add(round(a));
                down.add("-");
                running += a;
            } else {
                running += a;
                base.add(round(running));
                up.add("-");
                down.add(round(-a));
            }
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("grid", Map.of("left", 80, "right", 30, "top", 50, "bottom", 40));
        option.put("xAxis", Map.of("type", "category", "data", labels));
        option.put("yAxis", Map.of("type", "value", "scale", false));
        option.put("series", List.of(
                Map.of("type", "bar", "stack", "w", "data", base, "itemStyle",
                        Map.of("borderColor", "transparent", "color", "transparent"), "silent", true),
                Map.of("type", "bar", "stack", "w", "data", up, "name", "increase / total",
                        "itemStyle", Map.of("color", "#5470c6"), "label", Map.of("show", true, "position", "top")),
                Map.of("type", "bar", "stack", "w", "data", down, "name", "decrease",
                        "itemStyle", Map.of("color", "#ee6666"), "label", Map.of("show", true, "position", "bottom"))));
        return new Chart(title, "waterfall", labels.size(), option);
    }

    /** Sets the chart's height in pixels (default 360). */
    public Chart height(int pixels) {
        if (pixels < 100 || pixels > 2000) {
            throw new IllegalArgumentException("height must be 100 to 2000 pixels: " + pixels);
        }
        this.height = pixels;
        return this;
    }

    /** The ECharts option object, as JSON. */
    public String optionJson() {
        try {
            return JSON.writeValueAsString(option);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart option is not serialisable: " + e.getMessage(), e);
        }
    }

    @Override
    public String html() {
        String id = "revlake-chart-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        StringBuilder sb = new StringBuilder();
        if (LIBRARY_SENT.compareAndSet(false, true)) {
            // The library is a UMD bundle: hide AMD/CommonJS (classic Notebook has RequireJS) so that it
            // always sets window.echarts.
            sb.append("<script>(function(){var define, module, exports;\n").append(library().replace("</", "<\\/"))
                    .append("\n}).call(window);</script>");
        }
        sb.append("<div id=\"").append(id).append("\" style=\"width:100%;max-width:960px;height:").append(height)
                .append("px\"></div><script>(function(){var o=").append(optionJson().replace("</", "<\\/"))
                .append(";function draw(){var el=document.getElementById('").append(id)
                .append("');if(!el){return;}window.echarts.init(el).setOption(o);}")
                .append("if(window.echarts){draw();}else{var n=0,t=setInterval(function(){")
                .append("if(window.echarts||++n>200){clearInterval(t);if(window.echarts){draw();}}},50);}})();</script>");
        return sb.toString();
    }

    @Override
    public String text() {
        return String.format(Locale.ROOT, "[chart] %s (%s, %d points)", title, kind, points);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Makes the next chart embed the ECharts library again (e.g. after clearing the outputs that had it). */
    public static void resendLibrary() {
        LIBRARY_SENT.set(false);
    }

    private static Chart series(String title, String type, Table table, String x, boolean stacked, String... ys) {
        if (ys.length == 0) {
            throw new IllegalArgumentException("name at least one value column to plot against " + x);
        }
        Column<?> xc = table.column(x);
        List<String> categories = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            categories.add(xc.getString(row));
        }
        List<Object> series = new ArrayList<>();
        for (String y : ys) {
            NumericColumn<?> yc = table.numberColumn(y);
            List<Object> data = new ArrayList<>();
            for (int row = 0; row < table.rowCount(); row++) {
                data.add(yc.isMissing(row) ? null : round(yc.getDouble(row)));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", y);
            s.put("type", type);
            s.put("data", data);
            if (stacked) {
                s.put("stack", "total");
            }
            if ("line".equals(type)) {
                s.put("showSymbol", table.rowCount() <= 40);
            }
            series.add(s);
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("legend", Map.of("top", 24, "data", List.of(ys)));
        option.put("grid", Map.of("left", 80, "right", 30, "top", 60, "bottom", 40));
        option.put("xAxis", Map.of("type", "category", "data", categories));
        option.put("yAxis", Map.of("type", "value"));
        option.put("series", series);
        return new Chart(title, (stacked ? "stacked " : "") + type + " of " + String.join(", ", ys) + " by " + x,
                categories.size(), option);
    }

    private static Object round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return Math.round(v * 10_000d) / 10_000d;
    }

    /** Numbers sort as numbers (months since start 2 before 10), everything else as text. */
    private static int compareLabels(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static String library() {
        String lib = library;
        if (lib == null) {
            try (InputStream in = Chart.class.getClassLoader().getResourceAsStream(ECHARTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(ECHARTS_RESOURCE + " is not on the classpath: the kernel needs"
                            + " org.webjars.npm:echarts:5.3.1 (re-run notebooks/install-kernel.sh)");
                }
                lib = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            library = lib;
        }
        return lib;
    }
}
