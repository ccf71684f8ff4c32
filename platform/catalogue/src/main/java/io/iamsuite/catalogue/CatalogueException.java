package io.iamsuite.catalogue;

import java.util.List;

/** The role catalogue cannot be read or breaks one of its rules; {@link #problems()} names every one. */
public class CatalogueException extends RuntimeException {
    private final List<String> problems;

    public CatalogueException(String origin, List<String> problems) {
        super(origin + " is not a valid role catalogue:\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    public List<String> problems() {
        return problems;
    }
}
