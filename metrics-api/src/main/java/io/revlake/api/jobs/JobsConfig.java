package io.revlake.api.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.ingest.SourceReaders;
import io.revlake.catalog.PolicyOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs configuration file ({@code <warehouse>/_ops/jobs.properties} by default; docs/operations.md):
 * <pre>
 * source.canonical.path = /data/extracts/canonical     # extract folder of each source to ingest
 * job.all.cron = 0 2 * * *                             # cron per job (job id with ':' written as '.')
 * job.ingest.stripe.cron = *&#47;15 * * * *
 * job.default.timeout = 2h                             # defaults for every job: timeout, retries, backoff
 * job.default.retries = 2
 * job.default.backoff = 30s
 * job.default.catch_up = true                         # run once at start-up when a fire was missed while down
 * job.transform.finance.timeout = 30m                  # … overridden per job
 * job.transform.all.as_of = previous_month_end         # as-of date of a run started without one (default today)
 * schedule.time-zone = UTC                             # zone the cron expressions are read in
 * pipeline.command = ["/usr/bin/java", "-cp", "…", "io.revlake.cli.RevLakeCli"]   # optional, see PipelineCommand
 * </pre>
 *
 * @param file            the file read (or looked for), or null when there is none
 * @param sourcePaths     source → extract folder
 * @param schedules       job id → cron
 * @param settings        job id → settings, for every job id (defaults applied)
 * @param pipelineCommand the pipeline command from the file, empty when not set there
 * @param policy          policy option → value of every transform run the jobs start ({@code policy.discounts =
 *                        none}); an option left out takes its default
 */
public record JobsConfig(Path file, Map<String, String> sourcePaths, Map<String, CronSchedule> schedules,
                         Map<String, JobSettings> settings, ZoneId zone, List<String> pipelineCommand,
                         Map<String, String> policy) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final List<String> JOB_SETTINGS = List.of("cron", "timeout", "retries", "backoff", "catch_up",
            "as_of");
    private static final String DEFAULT = "default";

    public JobsConfig {
        sourcePaths = Map.copyOf(sourcePaths);
        schedules = Map.copyOf(schedules);
        settings = Map.copyOf(settings);
        pipelineCommand = List.copyOf(pipelineCommand);
        policy = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(policy));
    }

    /** No file: no sources, no schedules, default settings. */
    public static JobsConfig empty(Path file) {
        return new JobsConfig(file, Map.of(), Map.of(), defaultsForAll(JobSettings.DEFAULTS), ZoneOffset.UTC, List.of(),
                Map.of());
    }

    public JobSettings settingsFor(String jobId) {
        return settings.getOrDefault(jobId, JobSettings.DEFAULTS);
    }

    /** For messages: where the configuration lives. */
    public String describeFile() {
        return file == null ? "the jobs file (REVLAKE_JOBS_CONFIG)" : file.toString();
    }

    /** Reads a jobs file; a missing file is an empty configuration. */
    public static JobsConfig load(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return empty(file);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return parse(file, p);
    }

    static JobsConfig parse(Path file, Properties p) {
        String where = file == null ? "jobs configuration" : file.toString();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, Map<String, String>> jobValues = new LinkedHashMap<>();
        ZoneId zone = ZoneOffset.UTC;
        List<String> command = List.of();
        Map<String, String> policy = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).trim();
            String[] parts = key.split("\\.");
            if (key.startsWith("source.") && parts.length == 3 && parts[2].equals("path")) {
                if (!SourceReaders.names().contains(parts[1])) {
                    problems.add(key + ": unknown source '" + parts[1] + "' (sources: "
                            + String.join(", ", SourceReaders.names()) + ")");
                } else if (value.isEmpty()) {
                    problems.add(key + ": empty path");
                } else {
                    sources.put(parts[1], value);
                }
            } else if (key.startsWith("job.") && parts.length >= 3 && JOB_SETTINGS.contains(parts[parts.length - 1])) {
                String jobKey = String.join(".", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
                String job = jobKey.equals(DEFAULT) ? DEFAULT : jobIdOf(jobKey);
                if (job == null) {
                    problems.add(key + ": unknown job '" + jobKey + "' (jobs: default, " + String.join(", ",
                            JobCatalog.allIds().stream().map(JobsConfig::keyOf).toList()) + ")");
                } else {
                    jobValues.computeIfAbsent(job, j -> new LinkedHashMap<>()).put(parts[parts.length - 1], value);
                }
            } else if (key.startsWith("policy.") && parts.length == 2) {
                policy.put(parts[1], value);
            } else if (key.equals("schedule.time-zone")) {
                try {
                    zone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    problems.add(key + ": '" + value + "' is not a time zone (e.g. UTC, Europe/Berlin)");
                }
            } else if (key.equals("pipeline.command")) {
                try {
                    command = new ObjectMapper().readValue(value, new TypeReference<List<String>>() { });
                    if (command.isEmpty()) {
                        problems.add(key + ": empty command");
                    }
                } catch (IOException e) {
                    problems.add(key + ": not a JSON array of strings, e.g. [\"java\", \"-cp\", \"…\","
                            + " \"io.revlake.cli.RevLakeCli\"]");
                }
            } else {
                problems.add(key + ": unknown key (keys: source.<source>.path, job.<job>.cron|timeout|retries|backoff|catch_up|as_of,"
                        + " job.default.timeout|retries|backoff|catch_up|as_of, policy.<option>, schedule.time-zone,"
                        + " pipeline.command)");
            }
        }
        JobSettings defaults = JobSettings.DEFAULTS;
        try {
            defaults = settings(JobSettings.DEFAULTS, jobValues.getOrDefault(DEFAULT, Map.of()), "job.default.");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (jobValues.getOrDefault(DEFAULT, Map.of()).containsKey("cron")) {
            problems.add("job.default.cron: a schedule is per job; write job.<job>.cron");
        }
        Map<String, JobSettings> settings = new LinkedHashMap<>(defaultsForAll(defaults));
        Map<String, CronSchedule> schedules = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : jobValues.entrySet()) {
            if (e.getKey().equals(DEFAULT)) {
                continue;
            }
            String prefix = "job." + keyOf(e.getKey()) + ".";
            try {
                settings.put(e.getKey(), settings(defaults, e.getValue(), prefix));
            } catch (IllegalArgumentException ex) {
                problems.add(ex.getMessage());
            }
            String cron = e.getValue().get("cron");
            if (cron != null) {
                try {
                    schedules.put(e.getKey(), CronSchedule.parse(cron, zone));
                } catch (IllegalArgumentException ex) {
                    problems.add(prefix + "cron: " + ex.getMessage());
                }
            }
        }
        // Checked here, where the file is read, not when a scheduled run starts at night.
        for (String problem : PolicyOptions.problems(policy)) {
            problems.add(problem.startsWith("unknown") ? "policy: " + problem : "policy." + problem);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot use " + where + ": " + String.join("; ", problems));
        }
        // Zone may be set after a cron was parsed (keys are read in order): parse them again in the final zone.
        Map<String, CronSchedule> zoned = new LinkedHashMap<>();
        ZoneId z = zone;
        schedules.forEach((job, s) -> zoned.put(job, CronSchedule.parse(s.expression(), z)));
        return new JobsConfig(file, sources, zoned, settings, zone, command, policy);
    }

    /** {@code ingest:canonical} → {@code ingest.canonical}: how a job id is written in a key. */
    public static String keyOf(String jobId) {
        return jobId.replace(':', '.');
    }

    private static String jobIdOf(String key) {
        return JobCatalog.allIds().stream().filter(id -> keyOf(id).equals(key)).findFirst().orElse(null);
    }

    private static Map<String, JobSettings> defaultsForAll(JobSettings defaults) {
        Map<String, JobSettings> all = new LinkedHashMap<>();
        JobCatalog.allIds().forEach(id -> all.put(id, defaults));
        return all;
    }

    private static JobSettings settings(JobSettings base, Map<String, String> values, String prefix) {
        Duration timeout = values.containsKey("timeout") ? duration(prefix + "timeout", values.get("timeout")) : base.timeout();
        Duration backoff = values.containsKey("backoff") ? duration(prefix + "backoff", values.get("backoff")) : base.backoff();
        int retries = base.retries();
        if (values.containsKey("retries")) {
            try {
                retries = Integer.parseInt(values.get("retries").trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(prefix + "retries: '" + values.get("retries") + "' is not a whole number");
            }
        }
        boolean catchUp = base.catchUp();
        if (values.containsKey("catch_up")) {
            String v = values.get("catch_up").trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(prefix + "catch_up: '" + values.get("catch_up")
                        + "' is not true or false");
            }
            catchUp = Boolean.parseBoolean(v);
        }
        AsOfRule asOf = base.asOf();
        if (values.containsKey("as_of")) {
            try {
                asOf = AsOfRule.parse(values.get("as_of"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "as_of: " + e.getMessage());
            }
        }
        try {
            return new JobSettings(timeout, retries, backoff, catchUp, asOf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": " + e.getMessage());
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 500ms}, or ISO-8601 such as {@code PT1H30M}. */
    static Duration duration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration (e.g. 90s, 30m, 2h, 1d)");
        }
    }
}
