// Command mkbad writes broken inputs for imgaudit, one file or folder per
// case, into a folder: archives cut short, corrupt or missing layers,
// configs that are not JSON, content that does not match its digests,
// files that are no image at all and an index without the platform asked
// for. Every case is built in code from pinned bytes, so running it again
// gives the same inputs:
//
//	go run ./scripts/mkbad DIR
//
// cmd/imgaudit's tests run it into a temporary folder and check that
// imgaudit refuses each input with one line on stderr and exit status 2.
// It prints the name of each input it writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkbad DIR")
		os.Exit(2)
	}
	if err := writeAll(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "mkbad: %v\n", err)
		os.Exit(1)
	}
}

// writeAll writes every case into dir, which it creates if need be.
func writeAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range cases {
		if err := c.write(filepath.Join(dir, c.name)); err != nil {
			return fmt.Errorf("writing %s: %w", c.name, err)
		}
		fmt.Println(c.name)
	}
	return nil
}
