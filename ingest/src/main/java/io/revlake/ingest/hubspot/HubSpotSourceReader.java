package io.revlake.ingest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceReader;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.mapping.MappedSourceReader;
import io.revlake.ingest.mapping.Mapping;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * HubSpot CRM tables as Fivetran lands them, one CSV per table in one folder: {@code [hubspot_]<table>[_data].csv}.
 * Companies map one row to one record through the declarative mapping {@code revlake/mappings/hubspot.json}; deals
 * need their pipeline stage and company association and are read by {@link HubSpotReader}. Those siblings are the
 * deal file's {@link #dependencies}, so a changed stage table re-ingests the deals.
 */
public final class HubSpotSourceReader implements SourceReader {
    public static final String SOURCE = "hubspot";
    /** Bump when the Java reader maps differently, so every HubSpot file is ingested again. */
    private static final String READER_VERSION = "hubspot-reader-1";
    private static final List<String> PREFIXES = List.of("hubspot_");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappedSourceReader mapped;
    private final HubSpotReader.DealConfig dealConfig;
    private final String fingerprint;

    public HubSpotSourceReader(String mappingJson) {
        try {
            Mapping mapping = Mapping.parse(mappingJson);
            JsonNode deals = JSON.readTree(mappingJson).path("deals");
            Set<String> primary = new HashSet<>();
            deals.path("primary_association_type_ids").forEach(n -> primary.add(n.asText()));
            Map<String, String> types = new HashMap<>();
            deals.path("deal_types").fields().forEachRemaining(e ->
                    types.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            this.mapped = new MappedSourceReader(mapping);
            this.dealConfig = new HubSpotReader.DealConfig(deals.path("default_currency").asText("USD"), primary, types);
            this.fingerprint = mapping.fingerprint() + "-" + READER_VERSION;
        } catch (IOException e) {
            throw new IllegalArgumentException("hubspot.json: " + e.getMessage(), e);
        }
    }

    /** The built-in {@code hubspot.json}, or {@code <dir>/hubspot.json} under {@code revlake.mappings.dir}. */
    public static HubSpotSourceReader builtIn() {
        return new HubSpotSourceReader(TableFiles.mappingText(SOURCE));
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public String configFingerprint() {
        return fingerprint;
    }

    private static Optional<String> table(Path file) {
        return TableFiles.table(file, PREFIXES);
    }

    /** The siblings a table is joined with, or why the table is not read (null siblings). */
    private static String whyNot(String table) {
        return switch (table) {
            case "company", "companies", "deal", "merged_deal" -> null;
            case "deal_pipeline_stage", "deal_company" -> "HubSpot lookup table: read with the deals (deal_data.csv)";
            case "deal_pipeline" -> "HubSpot pipelines: their stages (deal_pipeline_stage) say what is closed and won";
            case "deal_stage" -> "HubSpot deal stage history: the current stage is the deal's deal_pipeline_stage_id";
            case "line_item", "line_item_deal", "product" ->
                    "HubSpot line items and products: the canonical model has no opportunity lines or products";
            default -> "HubSpot table " + table + " has no canonical entity (not mapped)";
        };
    }

    private static List<String> siblings(String table) {
        return table.equals("deal") ? List.of("deal_pipeline_stage", "deal_company") : List.of();
    }

    @Override
    public String whyNot(Path file) {
        Optional<String> t = table(file);
        return t.isEmpty() ? "" : whyNot(t.get());
    }

    @Override
    public String entityHint(Path file) {
        return table(file).map(t -> switch (t) {
            case "company", "companies" -> "customers";
            case "deal", "merged_deal" -> "opportunities";
            default -> "";
        }).orElse("");
    }

    @Override
    public List<Path> dependencies(Path file) {
        List<Path> deps = new ArrayList<>();
        table(file).ifPresent(t -> siblings(t).forEach(s -> TableFiles.sibling(file, PREFIXES, s).ifPresent(deps::add)));
        return deps;
    }

    @Override
    public Outcome read(Path file, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        String t = table(file).orElseThrow(() -> new IllegalArgumentException(file + " is not a HubSpot table"));
        if (t.equals("company") || t.equals("companies")) {
            return mapped.read(file, sink);
        }
        CsvTable main = CsvTable.read(file);
        Emitter out = new Emitter(Map.of(), sink);
        switch (t) {
            case "deal" -> HubSpotReader.deals(main, TableFiles.readSibling(file, PREFIXES, "deal_pipeline_stage"),
                    TableFiles.readSibling(file, PREFIXES, "deal_company"), dealConfig, out);
            case "merged_deal" -> HubSpotReader.mergedDeals(main, out);
            default -> throw new IllegalArgumentException(file.getFileName() + ": " + whyNot(t));
        }
        return out.outcome();
    }
}
