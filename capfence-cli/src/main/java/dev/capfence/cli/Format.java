package dev.capfence.cli;

/** Output formats. Lower-case constants so help and error messages show what users type. */
enum Format {
    json, text
}
