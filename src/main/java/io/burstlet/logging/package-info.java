/**
 * How the agent logs: text (slf4j-simple, configured by {@code simplelogger.properties}) or, with
 * {@code --log-format json}, one JSON object per line from this package's small SLF4J provider.
 * Both read the log levels from the same {@code simplelogger.properties}.
 */
package io.burstlet.logging;
