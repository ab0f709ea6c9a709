import ArgumentParser
struct Speed: ParsableCommand {}
