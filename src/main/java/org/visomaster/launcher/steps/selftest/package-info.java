/**
 * The GPU self-test step: runs a small torch/onnxruntime check in the installed environment and keeps its verdict
 * per GPU. Uses engine, the other steps' facts and infra.
 */
package org.visomaster.launcher.steps.selftest;
