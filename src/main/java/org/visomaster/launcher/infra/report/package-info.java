/**
 * The bug report bundle: what it gathers and how secrets are kept out of it. Uses infra only.
 */
package org.visomaster.launcher.infra.report;
