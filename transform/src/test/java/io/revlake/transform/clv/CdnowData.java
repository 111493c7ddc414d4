package io.revlake.transform.clv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The CDNOW data of Fader, Hardie &amp; Lee (2005), read in place from the shared data folder
 * ({@code revlake.shared.dir}, set by the build; else {@code ../../shared} from the module directory).
 *
 * <p>{@code CDNOW_sample.txt} is the 1/10th sample of 2,357 customers used in the papers (columns: master id, sample id
 * 1..2357, date yyyymmdd, CDs, dollars); {@code CDNOW_master.txt} is the full cohort of 23,570 customers.
 * {@code cdnow_customers_summary_with_transactions.csv} (ID, x, t_x, T, zbar; rounded to 2 decimals) is the
 * published summary, used only as a cross-check.
 */
final class CdnowData {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    private CdnowData() {
    }

    static Path dir() {
        String shared = System.getProperty("revlake.shared.dir");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        return base.resolve("data").resolve("datasets").resolve("cdnow");
    }

    /** The sample's transactions, customer id = the sample id as an integer string ("1".."2357"). */
    static List<RfmSummariser.Transaction> sampleTransactions() {
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        List<RfmSummariser.Transaction> out = new ArrayList<>();
        for (String line : lines("CDNOW_sample.txt")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            out.add(new RfmSummariser.Transaction(String.valueOf(Integer.parseInt(f[1])), LocalDate.parse(f[2], yyyymmdd),
                    Double.parseDouble(f[4])));
        }
        return out;
    }

    /** The calibration-period summaries (weeks, 1997-01-01..1997-09-30) derived from the sample's raw transactions. */
    static SortedMap<String, RfmObservation> derivedSummary() {
        return RfmSummariser.summarise(sampleTransactions(), CALIBRATION_END, 7.0);
    }

    /** The published summary, by customer id. */
    static Map<String, RfmObservation> publishedSummary() {
        Map<String, RfmObservation> out = new LinkedHashMap<>();
        List<String> lines = lines("cdnow_customers_summary_with_transactions.csv");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split(",");
            out.put(String.valueOf(Integer.parseInt(f[0])), new RfmObservation(Integer.parseInt(f[1]),
                    Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        return out;
    }

    static List<String> lines(String file) {
        try {
            return Files.readAllLines(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
