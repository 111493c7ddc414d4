package io.revlake.api.jobs;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression with the time zone it is read in. Five fields are Unix cron ({@code minute hour day-of-month
 * month day-of-week}, e.g. {@code 0 2 * * *} = 02:00 every day); six fields put seconds first (Spring style, e.g.
 * {@code *&#47;30 * * * * *} = every 30 seconds).
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(secondsFirst());

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the expression and what is expected
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String text = expression == null ? "" : expression.trim().replaceAll("\\s+", " ");
        int fields = text.isEmpty() ? 0 : text.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' has " + fields + " fields; expected 5"
                    + " (minute hour day-of-month month day-of-week, e.g. '0 2 * * *') or 6 (seconds first)");
        }
        try {
            Cron cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(text);
            cron.validate();
            return new CronSchedule(text, zone, cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron expression '" + text + "' is not valid: " + e.getMessage(), e);
        }
    }

    /** The first fire time strictly after {@code after}, in this schedule's zone. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return executionTime.nextExecution(after.withZoneSameInstant(zone));
    }

    /** The last fire time strictly before {@code before}, in this schedule's zone. */
    public Optional<ZonedDateTime> lastBefore(ZonedDateTime before) {
        return executionTime.lastExecution(before.withZoneSameInstant(zone));
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Seconds, minutes, hours, day of month, month, day of week (Spring's six fields). */
    private static CronDefinition secondsFirst() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().and()
                .withMinutes().and()
                .withHours().and()
                .withDayOfMonth().supportsL().supportsW().supportsLW().supportsQuestionMark().and()
                .withMonth().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                .supportsHash().supportsL().supportsQuestionMark().and()
                .instance();
    }
}
