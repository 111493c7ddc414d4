package io.revlake.ingest;

import io.revlake.ingest.canonical.CanonicalSourceReader;
import io.revlake.ingest.erp.ErpSourceReader;
import io.revlake.ingest.fx.FxSourceReader;
import io.revlake.ingest.hubspot.HubSpotSourceReader;
import io.revlake.ingest.mapping.MappedSourceReader;
import io.revlake.ingest.zuora.ZuoraSourceReader;
import java.util.List;
import java.util.Locale;

/** The connectors by source name. */
public final class SourceReaders {
    private static final List<String> NAMES = List.of("canonical", "stripe", "salesforce", "fx", "erp", "hubspot", "zuora");

    private SourceReaders() {
    }

    /** Source names accepted by {@code ingest --source}. */
    public static List<String> names() {
        return NAMES;
    }

    public static SourceReader forName(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        if (s.equals(CanonicalSourceReader.SOURCE)) {
            return new CanonicalSourceReader();
        }
        if (s.equals(ErpSourceReader.SOURCE)) {
            return ErpSourceReader.builtIn();
        }
        if (s.equals(HubSpotSourceReader.SOURCE)) {
            return HubSpotSourceReader.builtIn();
        }
        if (s.equals(ZuoraSourceReader.SOURCE)) {
            return ZuoraSourceReader.builtIn();
        }
        if (s.equals(FxSourceReader.SOURCE)) {
            return FxSourceReader.builtIn();
        }
        if (!NAMES.contains(s)) {
            throw new IllegalArgumentException("source '" + source + "' is not supported (expected one of "
                    + String.join(", ", NAMES) + ")");
        }
        return MappedSourceReader.builtIn(s);
    }
}
