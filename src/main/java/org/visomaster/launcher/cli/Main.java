package org.visomaster.launcher.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("VisoMaster Launcher");
    }
}
