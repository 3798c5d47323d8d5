package dev.imageingest.tools.audit;

/**
 * Outcome of checking one OK record's object.
 *
 * @param problem null when the object is present and matches
 * @param detail human-readable explanation of the problem, null when none
 */
public record CheckResult(Problem problem, String detail) {
    static final CheckResult PRESENT = new CheckResult(null, null);

    static CheckResult problem(Problem problem, String detail) {
        return new CheckResult(problem, detail);
    }
}
