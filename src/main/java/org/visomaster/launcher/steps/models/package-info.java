/**
 * The models step: reading VisoMaster's manifest, downloading (OkHttp), verifying and caching the model files. It
 * owns the use of the one model state vocabulary ({@code ProvisionEvent.ModelState}, defined in the engine's event
 * API because events carry it): only this package decides which state a file is in. Uses engine and infra.
 */
package org.visomaster.launcher.steps.models;
