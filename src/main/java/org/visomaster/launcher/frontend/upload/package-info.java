/**
 * The browser drop page: a small HTTP server (Jetty, set up against slow clients in HttpListener) on 127.0.0.1
 * that feeds the same import path as the window.
 */
package org.visomaster.launcher.frontend.upload;
