/**
 * Imports of the files a user drops (window, drop page, import command): classification, archive extraction with
 * bounds, placement. Uses engine and infra.
 */
package org.visomaster.launcher.imports;
