package dev.imageingest.tools.audit;

import java.util.Objects;

/** Outcome of checking one OK record's object. */
public final class CheckResult {
    /** null when the object is present and matches */
    private final Problem problem;

    /** human-readable explanation of the problem, null when none */
    private final String detail;

    public CheckResult(Problem problem, String detail) {
        this.problem = problem;
        this.detail = detail;
    }

    public Problem problem() {
        return problem;
    }

    public String detail() {
        return detail;
    }

    static final CheckResult PRESENT = new CheckResult(null, null);

    static CheckResult problem(Problem problem, String detail) {
        return new CheckResult(problem, detail);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CheckResult)) {
            return false;
        }
        CheckResult that = (CheckResult) o;
        return Objects.equals(problem, that.problem) && Objects.equals(detail, that.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(problem, detail);
    }

    @Override
    public String toString() {
        return "CheckResult[problem=" + problem + ", detail=" + detail + "]";
    }
}
