/**
 * The idle guard: decides whether the rented box is idle (GPU or CPU work, a setup or upload in progress, someone on
 * the desktop or in an SSH or Jupyter terminal keep it awake), counts down, stops the Vast instance through its API,
 * sends the user's notifications and tracks what the box costs. Uses the engine and infra; never a front end.
 */
package org.visomaster.launcher.guard;
