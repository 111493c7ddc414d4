package io.revlake.ingest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.SourceRecord;
import io.revlake.ingest.mapping.MappedSourceReader;
import io.revlake.ingest.mapping.Mapping;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.TableFiles;
import io.revlake.ingest.warehouse.TableSourceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * HubSpot CRM tables as Fivetran lands them, one CSV per table in one folder: {@code [hubspot_]<table>[_data].csv}.
 * Companies map one row to one record through the declarative mapping {@code revlake/mappings/hubspot.json}; deals
 * need their pipeline stage and company association and are read by {@link HubSpotReader}. Those siblings are the
 * deal file's dependencies, so a changed stage table re-ingests the deals.
 */
public final class HubSpotSourceReader extends TableSourceReader {
    public static final String SOURCE = "hubspot";
    /** Bump when the Java reader maps differently, so every HubSpot file is ingested again. */
    private static final String READER_VERSION = "hubspot-reader-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappedSourceReader mapped;
    private final HubSpotReader.DealConfig dealConfig;

    private HubSpotSourceReader(Mapping mapping, HubSpotReader.DealConfig dealConfig) {
        super(SOURCE, List.of("hubspot_"), mapping.fingerprint() + "-" + READER_VERSION);
        this.mapped = new MappedSourceReader(mapping);
        this.dealConfig = dealConfig;
    }

    /** From the text of {@code hubspot.json}: the rules, and the {@code deals} section for the deal reader. */
    public static HubSpotSourceReader of(String mappingJson) {
        try {
            JsonNode deals = JSON.readTree(mappingJson).path("deals");
            Set<String> primary = new HashSet<>();
            deals.path("primary_association_type_ids").forEach(n -> primary.add(n.asText()));
            Map<String, String> types = new HashMap<>();
            deals.path("deal_types").fields().forEachRemaining(e ->
                    types.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            return new HubSpotSourceReader(Mapping.parse(mappingJson),
                    new HubSpotReader.DealConfig(deals.path("default_currency").asText("USD"), primary, types));
        } catch (IOException e) {
            throw new UncheckedIOException("hubspot.json: " + e.getMessage(), e);
        }
    }

    /** The built-in {@code hubspot.json}, or {@code <dir>/hubspot.json} under {@code revlake.mappings.dir}. */
    public static HubSpotSourceReader builtIn() {
        return of(TableFiles.mappingText(SOURCE));
    }

    @Override
    protected String whyNotTable(String table) {
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

    @Override
    protected List<String> siblings(String table) {
        return table.equals("deal") ? List.of("deal_pipeline_stage", "deal_company") : List.of();
    }

    @Override
    protected String entityOf(String table) {
        return switch (table) {
            case "company", "companies" -> "customers";
            case "deal", "merged_deal" -> "opportunities";
            default -> "";
        };
    }

    @Override
    protected Outcome read(Path file, String table, Consumer<SourceRecord> sink) throws IOException, FileRejectedException {
        if (table.equals("company") || table.equals("companies")) {
            return mapped.read(file, sink);
        }
        CsvTable main = CsvTable.read(file);
        Emitter out = new Emitter(Map.of(), sink);
        if (table.equals("deal")) {
            HubSpotReader.deals(main, sibling(file, "deal_pipeline_stage"), sibling(file, "deal_company"), dealConfig, out);
        } else {
            HubSpotReader.mergedDeals(main, out);
        }
        return out.outcome();
    }
}
