/**
 * What the {@code enqueue} and {@code audit} tools share: AWS client options, input files, JSON
 * lines output, progress line, exit codes and {@link dev.imageingest.tools.common.ToolException}.
 * Kept out of {@code dev.imageingest.tools}, which holds the launcher that registers both tools as
 * subcommands, so that the tools can use these without importing their launcher's package: no
 * import cycles between packages (checked by {@code PackageCyclesTest}).
 */
package dev.imageingest.tools.common;
