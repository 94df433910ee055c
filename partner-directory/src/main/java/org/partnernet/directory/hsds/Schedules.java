package org.partnernet.directory.hsds;

import static org.partnernet.directory.hsds.Hsds.derivedId;
import static org.partnernet.directory.hsds.Hsds.string;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.partnernet.directory.partner.ReferralIntake.OpeningHours;

/**
 * Weekly opening hours ⇄ HSDS 3.0 {@code schedule} objects (iCal-style: {@code freq} WEEKLY, {@code byday},
 * {@code opens_at}/{@code closes_at}). Days with the same hours share one schedule; what has no structured form
 * (monthly rules, holiday notes) travels as the schedule's {@code description}.
 */
final class Schedules {

  static final List<String> DAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
  /** HH:MM, optional :SS, optional zone (Z or ±hh:mm), which local opening hours do not keep. */
  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)(:[0-5]\\d)?(Z|[+-]\\d{2}(:?\\d{2})?)?");

  private Schedules() {}

  /** What an HSDS service's schedules say: structured weekly hours, and text for the rest. */
  record Read(List<OpeningHours> hours, List<String> text, List<String> problems) {}

  static Read read(List<Map<String, Object>> schedules) {
    List<OpeningHours> hours = new ArrayList<>();
    List<String> text = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> schedule : schedules) {
      String description = string(schedule, "description");
      if (description != null) {
        text.add(description);
      }
      String freq = string(schedule, "freq");
      String byday = string(schedule, "byday");
      String opens = time(string(schedule, "opens_at"));
      String closes = time(string(schedule, "closes_at"));
      if (freq == null && byday == null && string(schedule, "opens_at") == null) {
        continue; // a description-only schedule
      }
      if (!"WEEKLY".equalsIgnoreCase(freq) || byday == null || opens == null || closes == null) {
        problems.add("only weekly opening hours (freq WEEKLY, byday, opens_at, closes_at as HH:MM) are kept as hours; "
            + "the rest as text");
        continue;
      }
      List<Integer> days = new ArrayList<>();
      for (String day : byday.toUpperCase(Locale.ROOT).split(",")) {
        int index = DAYS.indexOf(day.trim());
        if (index < 0) {
          days.clear();
          break;
        }
        days.add(index + 1);
      }
      if (days.isEmpty()) {
        problems.add("byday must list days as MO,TU,WE,TH,FR,SA,SU");
        continue;
      }
      days.forEach(day -> hours.add(new OpeningHours(day, opens, closes)));
    }
    return new Read(hours, text, problems);
  }

  /** HSDS schedules for a service: one per distinct opening and closing time, and one for the free text. */
  static List<Map<String, Object>> write(String serviceId, List<OpeningHours> hours, String text) {
    Map<String, List<OpeningHours>> byTimes = new LinkedHashMap<>();
    hours.stream().sorted(java.util.Comparator.comparingInt(OpeningHours::dayOfWeek))
        .forEach(h -> byTimes.computeIfAbsent(h.opens() + "-" + h.closes(), k -> new ArrayList<>()).add(h));
    List<Map<String, Object>> schedules = new ArrayList<>();
    byTimes.forEach((times, days) -> {
      Map<String, Object> schedule = new LinkedHashMap<>();
      schedule.put("id", derivedId(serviceId, "schedule", times));
      schedule.put("service_id", serviceId);
      schedule.put("freq", "WEEKLY");
      schedule.put("wkst", "MO");
      schedule.put("byday", String.join(",", days.stream().map(d -> DAYS.get(d.dayOfWeek() - 1)).distinct().toList()));
      schedule.put("opens_at", days.get(0).opens());
      schedule.put("closes_at", days.get(0).closes());
      schedules.add(schedule);
    });
    if (text != null) {
      Map<String, Object> schedule = new LinkedHashMap<>();
      schedule.put("id", derivedId(serviceId, "schedule"));
      schedule.put("service_id", serviceId);
      schedule.put("description", text);
      schedules.add(schedule);
    }
    return schedules;
  }

  private static String time(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = TIME.matcher(value.trim());
    return m.matches() ? m.group(1) + ":" + m.group(2) : null;
  }
}
