package io.revlake.api;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.revlake.api.close.CloseService;
import io.revlake.api.finance.CustomerService;
import io.revlake.api.finance.ExplainService;
import io.revlake.api.finance.FinanceService;
import io.revlake.api.finance.LineageReader;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldStore;
import io.revlake.api.jobs.JobService;
import io.revlake.api.jobs.RunLog;
import io.revlake.api.mrr.MrrService;
import io.revlake.api.quality.QualityService;
import io.revlake.api.routes.ErrorHandling;
import io.revlake.api.metrics.MetricCatalog;
import io.revlake.api.metrics.MetricsService;
import io.revlake.api.routes.ApiRoutes;
import io.revlake.api.routes.AsOfSnapshots;
import io.revlake.api.routes.CloseRoutes;
import io.revlake.api.routes.Auth;
import io.revlake.api.routes.CustomerRoutes;
import io.revlake.api.routes.FinanceRoutes;
import io.revlake.api.routes.JobRoutes;
import io.revlake.api.routes.RequestLog;
import io.revlake.api.routes.QualityRoutes;
import io.revlake.api.routes.RouteGroup;
import io.revlake.catalog.Tables;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The running API: gold tables loaded into memory (reloaded in the background), JSON routes, and the
 * dashboards with ECharts served from the classpath. {@link #start} returns once the port is bound and
 * the first snapshot is loaded.
 */
public final class ApiServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiServer.class);
    /** Classpath folder of the dashboards module's pages, served at {@code /}. */
    public static final String DASHBOARDS = "/revlake/dashboards";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private final GoldStore store;
    private final Javalin app;
    private final ApiRoutes routes;
    private final JobService jobs;

    private ApiServer(GoldStore store, Javalin app, ApiRoutes routes, JobService jobs) {
        this.store = store;
        this.app = app;
        this.routes = routes;
        this.jobs = jobs;
    }

    /** The route table this server runs. */
    public ApiRoutes routes() {
        return routes;
    }

    public static ApiServer start(ServerConfig config) {
        GoldStore store = new GoldStore(new DeltaGoldReader(config.warehouse()), Tables.GOLD, Clock.systemUTC());
        // Job runs and their scheduler (docs/operations.md); pipeline processes do the Spark work.
        JobService jobs = JobService.forWarehouse(config.warehouse(), RunLog.server(JobService.logDir(config.warehouse())));
        try {
            MrrService service = new MrrService(store::current, config.reportingCurrency());
            MetricsService metrics = new MetricsService(MetricCatalog.defaults(), config.reportingCurrency(),
                    config.grossMargin());
            store.beforeSwap(next -> {
                long started = System.nanoTime();
                int n = metrics.warm(next);
                int months = service.warmCustomerOrder(store.current(), next);
                LOG.info("Computed {} series answers and {} customer-list orders on the new snapshot before serving it,"
                        + " in {} ms", n, months, (System.nanoTime() - started) / 1_000_000);
            });
            CloseService closes = new CloseService(config.warehouse());
            AsOfSnapshots asOf = new AsOfSnapshots(store, closes);
            // Route groups in their own classes; each adds its rows to the one route table.
            LineageReader lineage = new LineageReader(store.reader());
            FinanceService finance = new FinanceService(config.reportingCurrency(), lineage::invoiceMonths);
            ExplainService explain = new ExplainService(metrics, lineage);
            List<RouteGroup> groups = List.of(new JobRoutes(jobs), new CloseRoutes(closes, store, asOf),
                    new FinanceRoutes(finance, store, asOf), new CustomerRoutes(new CustomerService(config.reportingCurrency()), explain, store, asOf),
                    new QualityRoutes(new QualityService(store.reader()), store));
            ApiRoutes routes = new ApiRoutes(service, metrics, store, groups, asOf);
            Auth auth = new Auth(config.tokens(), config.tokenHint());
            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                // ETag on every GET answer (a hash of the body); If-None-Match with it gets 304 and no body.
                c.http.generateEtags = true;
                c.jsonMapper(new JavalinJackson(Json.mapper(), false));
                c.staticFiles.enableWebjars();
                c.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = DASHBOARDS;
                    files.location = Location.CLASSPATH;
                });
                c.requestLogger.http(RequestLog::log);
                c.routes.before(ctx -> {
                    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "no-referrer");
                });
                // Revalidate every time (ETag), never share: answers depend on the caller's token.
                c.routes.before("/api/*", ctx -> {
                    ctx.header("Cache-Control", "private, no-cache");
                    ctx.header("Vary", "Authorization, Accept");
                });
                routes.register(c.routes, auth);
                ErrorHandling.register(c.routes, config.reloadEvery(), routes.endpoints());
            });
            app.start(config.host(), config.port());
            store.startReloading(config.reloadEvery());
            jobs.startScheduler();
            return new ApiServer(store, app, routes, jobs);
        } catch (RuntimeException e) {
            jobs.close();
            store.close();
            throw e;
        }
    }

    /** The bound port (the real one when started on port 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://localhost:PORT/}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    public GoldStore store() {
        return store;
    }

    public JobService jobs() {
        return jobs;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                jobs.close();
            } finally {
                store.close();
            }
        }
    }
}
