package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.routes.RequestLog;
import java.io.StringWriter;
import java.net.URI;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/** Request log lines carry method, path, status and time, and never the query string. */
class RequestLogTest {

    @Test
    void request_lines_never_include_the_query_string() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build()).build();
        appender.start();
        LoggerConfig config = context.getConfiguration().getLoggerConfig(RequestLog.LOGGER);
        assertThat(config.getName()).as("log4j2.properties configures the request logger").isEqualTo(RequestLog.LOGGER);
        config.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        try (ApiServer server = TestServers.start(GoldFixture.shared())) {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            Http.get(base, "api/v1/mrr/summary?from=2024-02&access_token=s3cr3t-t0ken");
            Http.get(base, "api/v1/mrr/movements?month=2024-99&token=s3cr3t-t0ken");

            long deadline = System.currentTimeMillis() + 5000;
            while (!captured.toString().contains("/api/v1/mrr/movements") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            config.removeAppender("capture");
            context.updateLoggers();
            appender.stop();
        }

        String log = captured.toString();
        assertThat(log).containsPattern("GET /api/v1/mrr/summary 200 \\d+\\.\\d ms")
                .containsPattern("GET /api/v1/mrr/movements 400 \\d+\\.\\d ms")
                .doesNotContain("s3cr3t", "token", "?", "from=", "2024-99");
    }
}
