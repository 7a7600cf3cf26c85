/**
 * Detection of the machine the product runs on and short measurements of it. Parsers are pure
 * functions from a tool's text to records; commands run through {@link
 * org.llmadvisor.machine.CommandRunner} so tests replay recorded outputs.
 */
package org.llmadvisor.machine;
