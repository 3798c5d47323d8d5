/**
 * The fetch stage's settings: {@link dev.imageingest.fetch.config.FetchOptions} (the {@code
 * fetch.*} keys) and {@link dev.imageingest.fetch.config.FetchSettings} (read and checked once,
 * then handed to the operator and the downloader). A package of its own so that the stage's
 * subpackages ({@code http}, ...) can read the settings without importing the operator's package,
 * which imports them: no import cycles between packages (checked by {@code PackageCyclesTest}).
 */
package dev.imageingest.fetch.config;
