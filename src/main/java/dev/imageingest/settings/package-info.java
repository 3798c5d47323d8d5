/**
 * What every stage's settings share: {@link dev.imageingest.settings.ConfigException}, thrown when
 * a stage reads an invalid value of one of its own keys, and {@link
 * dev.imageingest.settings.Checks}, the range and format checks each stage's {@code
 * from(ReadableConfig)} applies to its own keys. It lives apart from {@code dev.imageingest.config}
 * (which imports every stage to load the whole configuration and check the rules that span stages)
 * and depends on nothing in the project, so stages can use it without an import cycle.
 */
package dev.imageingest.settings;
