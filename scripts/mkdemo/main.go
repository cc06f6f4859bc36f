// Command mkdemo writes the small image that ships in testdata/demo.tar, the
// one the README's first command audits. It is built in code, with pinned
// timestamps, so that running it again gives the same bytes:
//
//	go run ./scripts/mkdemo testdata/demo.tar
//
// The image is a naive service on purpose: it runs as root, has no health
// check, keeps apt's lists, ships gcc, a .env and a .git folder, and deletes
// a build log in a later layer, so every headline of the report has
// something to say.
package main

import (
	"fmt"
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkdemo OUTPUT.tar")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "mkdemo: %v\n", err)
		os.Exit(1)
	}
}

func write(out string) error {
	img, err := demoImage()
	if err != nil {
		return err
	}
	tag, err := name.NewTag("imgaudit-demo:1")
	if err != nil {
		return err
	}
	return tarball.WriteToFile(out, tag, img)
}
