package io.revlake.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.GoldFixture;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Answers are computed on a new snapshot before it is swapped in, for every query the previous snapshot served: the
 * first request after a publish finds its answer ready, and the answer is the new data's, never the old one's.
 */
class SeriesWarmUpTest {

    @Test
    void a_new_snapshot_is_served_with_the_previous_snapshots_queries_already_answered_from_its_own_data() {
        Path warehouse = GoldFixture.copyOfShared("warm-up");
        MetricsService metrics = new MetricsService(MetricCatalog.defaults(), "USD", new BigDecimal("0.80"));
        AtomicInteger warmed = new AtomicInteger(-1);
        try (GoldStore store = new GoldStore(new DeltaGoldReader(warehouse.toString()), Tables.GOLD, Clock.systemUTC())) {
            store.beforeSwap(next -> warmed.set(metrics.warm(next)));
            MetricDef mrr = metrics.catalog().get("mrr").orElseThrow();
            SeriesQuery bySegment = new SeriesQuery(mrr, Optional.empty(), Optional.empty(), Grain.MONTH,
                    List.of("segment"), Map.of(), false);
            SeriesQuery total = new SeriesQuery(mrr, Optional.empty(), Optional.empty(), Grain.QUARTER, List.of(),
                    Map.of(), false);
            GoldSnapshot before = store.current();
            SeriesResponse oldBySegment = metrics.cachedSeries(bySegment, before);
            metrics.cachedSeries(total, before);
            assertThat(metrics.hasAnswer(bySegment, before)).isTrue();

            // A new version of the customer months: c-001 (smb) doubles its April MRR.
            GoldFixture.write(warehouse, Tables.MRR_CUSTOMER_MONTH,
                    GoldFixture.customerMonthsWithMrr("2024-04", "c-001", "300.00"));
            assertThat(store.refresh()).isTrue();
            GoldSnapshot after = store.current();

            assertThat(warmed.get()).as("answers computed before the swap").isEqualTo(2);
            assertThat(metrics.hasAnswer(bySegment, after)).as("ready before any request").isTrue();
            assertThat(metrics.hasAnswer(total, after)).isTrue();
            SeriesResponse served = metrics.cachedSeries(bySegment, after);
            assertThat(served).isEqualTo(metrics.series(bySegment, after)).isNotEqualTo(oldBySegment);
            assertThat(april(served, "smb")).as("c-001 300.00 + c-003 1,234.50 + c-004 10.00").isEqualByComparingTo("1544.50");
            assertThat(april(oldBySegment, "smb")).isEqualByComparingTo("1394.50");
        }
    }

    private static BigDecimal april(SeriesResponse r, String segment) {
        return r.rows().stream().filter(row -> "2024-04".equals(row.get("period")) && segment.equals(row.get("segment")))
                .map(row -> new BigDecimal(row.get("value").toString())).findFirst().orElseThrow();
    }
}
