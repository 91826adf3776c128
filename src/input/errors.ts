// What acquisition refuses: a file that cannot be read, an input too large, options that
// contradict each other. The CLI maps it to exit code 2 and prints the message as one line;
// the core never exits.

/** Input that cannot be acquired: a one-line message naming the file or option. */
export class InputError extends Error {}
