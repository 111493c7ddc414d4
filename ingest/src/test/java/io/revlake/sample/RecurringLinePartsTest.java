package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GeneratorConfig#recurringLineParts()}: the same company, with each recurring invoice line written as N lines
 * that sum to it. Only invoice_lines.csv changes; the MRR ground truth and every other file stay byte for byte.
 */
class RecurringLinePartsTest {
    static final int PARTS = 5;
    static final GeneratorConfig ONE = new GeneratorConfig(150, 18, 11, YearMonth.of(2023, 1));

    @TempDir
    static Path root;
    static Path plain;
    static Path split;

    @BeforeAll
    static void generate() throws IOException {
        plain = root.resolve("plain");
        split = root.resolve("split");
        SampleCompanyGenerator.generate(ONE, plain);
        SampleCompanyGenerator.generate(ONE.withRecurringLineParts(PARTS), split);
    }

    @Test
    void one_part_is_the_default_and_the_range_is_checked() {
        assertThat(ONE.recurringLineParts()).isEqualTo(1);
        assertThatThrownBy(() -> ONE.withRecurringLineParts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recurringLineParts must be between 1 and 50 (was 0)");
    }

    @Test
    void a_split_is_cent_exact_and_leftover_cents_go_to_the_first_parts() {
        // 10.03 in 5 parts: 2.01, 2.01, 2.01, 2.00, 2.00; −10.03 mirrors it; 0.02 in 5: 0.01, 0.01, 0, 0, 0
        assertThat(Stream.of(0, 1, 2, 3, 4).map(p -> CustomerSimulation.linePart(1003, 5, p)))
                .containsExactly(201L, 201L, 201L, 200L, 200L);
        assertThat(Stream.of(0, 1, 2, 3, 4).map(p -> CustomerSimulation.linePart(-1003, 5, p)))
                .containsExactly(-201L, -201L, -201L, -200L, -200L);
        assertThat(Stream.of(0, 1, 2, 3, 4).map(p -> CustomerSimulation.linePart(2, 5, p)))
                .containsExactly(1L, 1L, 0L, 0L, 0L);
    }

    @Test
    void every_invoice_s_lines_still_sum_to_its_subtotal() {
        Map<String, BigDecimal> subtotal = new HashMap<>();
        for (Map<String, String> r : Extract.read(split, "invoices.csv").rows()) {
            subtotal.put(r.get("invoice_id"), new BigDecimal(r.get("subtotal")));
        }
        Map<String, BigDecimal> lines = new HashMap<>();
        for (Map<String, String> r : Extract.read(split, "invoice_lines.csv").rows()) {
            lines.merge(r.get("invoice_id"), new BigDecimal(r.get("amount")), BigDecimal::add);
        }
        assertThat(lines).hasSize(subtotal.size());
        lines.forEach((invoice, sum) -> assertThat(sum).as(invoice).isEqualByComparingTo(subtotal.get(invoice)));
    }

    @Test
    void each_recurring_line_becomes_n_lines_with_the_same_item_period_and_obligation() {
        List<Map<String, String>> before = Extract.read(plain, "invoice_lines.csv").rows();
        List<Map<String, String>> after = Extract.read(split, "invoice_lines.csv").rows();
        long recurring = before.stream().filter(r -> r.get("line_type").equals("subscription")).count();
        assertThat(recurring).isGreaterThan(500);
        assertThat(after).hasSize((int) (before.size() + (PARTS - 1) * recurring));
        assertThat((double) after.size() / Extract.read(split, "invoices.csv").rows().size()).isGreaterThan(4.5);
        // walk both files together: a recurring line and its parts
        int j = 0;
        for (Map<String, String> line : before) {
            int n = line.get("line_type").equals("subscription") ? PARTS : 1;
            BigDecimal sum = BigDecimal.ZERO;
            for (int p = 0; p < n; p++, j++) {
                Map<String, String> part = after.get(j);
                for (String same : List.of("invoice_id", "item_id", "product_id", "line_type", "quantity",
                        "service_start", "service_end", "obligation_id")) {
                    assertThat(part.get(same)).as(same + " of " + part.get("line_id")).isEqualTo(line.get(same));
                }
                sum = sum.add(new BigDecimal(part.get("amount")));
            }
            assertThat(sum).as(line.get("line_id")).isEqualByComparingTo(line.get("amount"));
        }
        assertThat(j).isEqualTo(after.size());
        assertThat(after.stream().map(r -> r.get("line_id")).distinct().count()).isEqualTo(after.size());
    }

    @Test
    void the_mrr_ground_truth_and_every_other_file_are_unchanged() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(plain), Files.list(plain.resolve("truth")))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).hasSizeGreaterThan(12);
            for (Path f : all) {
                Path other = split.resolve(plain.relativize(f));
                if (f.getFileName().toString().equals("invoice_lines.csv")) {
                    assertThat(Files.mismatch(f, other)).isNotEqualTo(-1L);
                } else {
                    assertThat(Files.mismatch(f, other)).as(plain.relativize(f).toString()).isEqualTo(-1L);
                }
            }
        }
    }
}
