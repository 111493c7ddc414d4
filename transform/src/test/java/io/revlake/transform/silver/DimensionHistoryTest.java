package io.revlake.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.transform.silver.DimensionHistory.Dims;
import io.revlake.transform.silver.DimensionHistory.Version;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions of a customer record → periods of its dimensions (docs/metrics.md, "Dimension history"). */
class DimensionHistoryTest {
    static Version<String> v(String updatedAt, String segment, String row) {
        return new Version<>(updatedAt == null ? null : Instant.parse(updatedAt),
                new Dims(segment, "emea", "direct", "DE"), row);
    }

    static List<String> periods(List<Version<String>> versions) {
        return DimensionHistory.periods(versions).stream().map(p -> p.period() + " " + p.validFrom() + ".." + p.validTo()
                + " " + p.dims().segment() + " (" + p.opened().lineage() + ")").toList();
    }

    @Test
    void the_first_version_applies_from_the_start_and_each_change_from_the_month_of_its_updated_at() {
        assertThat(periods(List.of(
                v("2024-01-10T00:00:00Z", "smb", "r1"),
                v("2024-04-02T09:00:00Z", "mid", "r2"),
                v("2024-09-30T23:59:59Z", "enterprise", "r3")))).containsExactly(
                "1 null..2024-04 smb (r1)",
                "2 2024-04..2024-09 mid (r2)",
                "3 2024-09..null enterprise (r3)");
    }

    @Test
    void the_last_version_of_a_month_wins_and_unchanged_dimensions_are_one_period() {
        assertThat(periods(List.of(
                v(null, "smb", "r0"),                                 // undated: the earliest
                v("2024-02-01T00:00:00Z", "smb", "r1"),               // a name change only
                v("2024-05-03T00:00:00Z", "mid", "r2"),
                v("2024-05-20T00:00:00Z", "enterprise", "r3"),        // same month: the month-end value
                v("2024-08-01T00:00:00Z", "smb", "r4")))).containsExactly(
                "1 null..2024-05 smb (r0)",
                "2 2024-05..2024-08 enterprise (r3)",
                "3 2024-08..null smb (r4)");
    }

    @Test
    void a_single_version_is_one_open_period() {
        assertThat(periods(List.of(v("2024-03-01T00:00:00Z", "smb", "r1")))).containsExactly("1 null..null smb (r1)");
    }
}
