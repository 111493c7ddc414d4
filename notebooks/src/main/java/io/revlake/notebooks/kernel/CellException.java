package io.revlake.notebooks.kernel;

import java.util.List;

/**
 * A cell failed; becomes a Jupyter {@code error} (ename = {@link #kind()}, evalue = message, traceback = lines).
 * The framework names the error after this exception's class, so each kind is a subclass.
 */
public abstract class CellException extends RuntimeException {
    private final List<String> traceback;

    CellException(String message, List<String> traceback) {
        super(message);
        this.traceback = List.copyOf(traceback);
    }

    /** Lines shown under the error in the notebook (no trailing newlines). */
    public List<String> traceback() {
        return traceback;
    }

    /** The code does not compile (or is incomplete): JShell rejected it, nothing ran. */
    public static final class CompilationError extends CellException {
        CompilationError(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The code compiled and threw while running; the message starts with the thrown exception's class. */
    public static final class EvaluationError extends CellException {
        private final String exceptionClass;

        EvaluationError(String exceptionClass, String message, List<String> traceback) {
            super(exceptionClass + ": " + message, traceback);
            this.exceptionClass = exceptionClass;
        }

        /** Fully qualified class of the exception the cell threw, e.g. {@code java.lang.ArithmeticException}. */
        public String exceptionClass() {
            return exceptionClass;
        }
    }
}
