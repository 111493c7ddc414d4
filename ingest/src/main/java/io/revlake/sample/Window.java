package io.revlake.sample;

import java.time.YearMonth;
import java.util.Arrays;

/** The simulated months [start, start + months) as day numbers. */
final class Window {
    final YearMonth start;
    final int months;
    final int[] monthStart;
    final int[] monthEnd;
    final String[] monthText;
    final int firstDay;
    final int lastDay;

    Window(YearMonth start, int months) {
        this.start = start;
        this.months = months;
        this.monthStart = new int[months];
        this.monthEnd = new int[months];
        this.monthText = new String[months];
        for (int m = 0; m < months; m++) {
            YearMonth ym = start.plusMonths(m);
            monthStart[m] = DateText.day(ym, 1);
            monthEnd[m] = DateText.day(ym.atEndOfMonth());
            monthText[m] = ym.toString();
        }
        this.firstDay = monthStart[0];
        this.lastDay = monthEnd[months - 1];
    }

    /** Month index of a day inside the window. */
    int monthOf(int day) {
        int i = Arrays.binarySearch(monthStart, day);
        return i >= 0 ? i : -i - 2;
    }

    int days() {
        return lastDay - firstDay + 1;
    }
}
