/**
 * The models step: reading VisoMaster's manifest, downloading (OkHttp), verifying and caching the model files;
 * owns the model state vocabulary. Uses engine and infra.
 */
package org.visomaster.launcher.steps.models;
