/// The router probe (issue 6): packets of the probed protocols come first.
enum RouterProbeModule {}
