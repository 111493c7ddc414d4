package io.revlake.notebooks.kernel;

import io.revlake.notebooks.HtmlOutput;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Functions a notebook cell can call; the kernel imports them statically ({@code display(table)}).
 * Outside a running revlake-java kernel, they print the plain-text form to standard output.
 */
public final class Notebook {
    private Notebook() {
    }

    /**
     * Shows {@code value} now, as the cell's value would be shown: tables and charts as HTML, anything else as
     * text. Use it to show several tables or charts from one cell.
     */
    public static void display(Object value) {
        DisplayData data = RevLakeKernel.displayData(value);
        if (data == null) {
            return;
        }
        BaseKernel kernel = running();
        if (kernel == null) {
            System.out.println(data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        } else {
            kernel.display(data);
        }
    }

    /** Shows a highlighted note (for example why a section is skipped); also printed as text. */
    public static void note(String message) {
        display(HtmlOutput.note(message));
    }

    /** Shows Markdown text. */
    public static void markdown(String markdown) {
        DisplayData data = new DisplayData(markdown);
        data.putMarkdown(markdown);
        BaseKernel kernel = running();
        if (kernel == null) {
            System.out.println(markdown);
        } else {
            kernel.display(data);
        }
    }

    private static BaseKernel running() {
        try {
            return BaseKernel.notebookKernel();
        } catch (NullPointerException e) {
            return null;
        }
    }
}
