/**
 * What every stage's settings share: {@link dev.imageingest.settings.ConfigException}, thrown when
 * a stage reads an invalid value of one of its own keys. It lives apart from {@code
 * dev.imageingest.config} (which imports every stage to load and check the whole configuration) and
 * depends on nothing in the project, so stages can throw it without an import cycle.
 */
package dev.imageingest.settings;
