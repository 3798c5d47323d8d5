package dev.imageingest.settings;

/** A missing or invalid configuration value; the message always names the offending key. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("Invalid configuration '" + key + "': " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super("Invalid configuration '" + key + "': " + problem, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
