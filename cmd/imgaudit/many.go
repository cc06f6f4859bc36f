package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/imgaudit/imgaudit/pkg/audit"
	"github.com/imgaudit/imgaudit/pkg/policy"
	"github.com/imgaudit/imgaudit/report"
)

// manyOptions are the flags that audit a list of images.
type manyOptions struct {
	fromFile string
	shard    string
	jobs     int
}

func (m *manyOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&m.fromFile, "from-file", "",
		"audit the images this file lists, one a line (# starts a comment; - reads stdin),\n"+
			"after any given as arguments")
	f.StringVar(&m.shard, "shard", "",
		"I/N: audit only every Nth image of the list, starting at the Ith (0-based),\n"+
			"as one of N parallel jobs")
	f.IntVar(&m.jobs, "jobs", 0, "images audited at once (default: the number of processors)")
}

// wanted reports whether the command line asks for a list of images rather
// than the report on one: several images, a list file, a shard, or JSON
// Lines.
func (m *manyOptions) wanted(args []string, format string) bool {
	return len(args) > 1 || m.fromFile != "" || m.shard != "" ||
		strings.EqualFold(format, "jsonl")
}

// runMany audits every image of the list and writes one report after
// another, or one JSON line each. An image that cannot be audited is
// reported and the others are still audited; the run then exits 2.
func runMany(cmd *cobra.Command, ios *streams, opts *auditOptions, m *manyOptions,
	args []string) error {
	refs, err := m.references(args, ios)
	if err != nil {
		return err
	}
	write, err := manyWriter(opts.format, ios, opts.output != "")
	if err != nil {
		return err
	}
	if opts.baseline != "" {
		return errors.New("--baseline applies to one image; give one image, or no --baseline")
	}
	pol, err := policy.Load(opts.source.config)
	if err != nil {
		return err
	}
	threshold, err := gateThreshold(opts.failOn, pol)
	if err != nil {
		return err
	}

	aopts := audit.Options{
		Checks: pol.CheckOptions(),
		Warn:   func(msg string) { fmt.Fprintf(ios.ErrOut, "warning: %s\n", msg) },
	}
	aopts.Source.Platform = opts.source.platform
	aopts.Source.Insecure = opts.source.insecure
	aopts.CacheDir = opts.source.cacheDir
	if err := opts.source.openCache(); err != nil {
		return err
	}

	failed, gated := 0, 0
	err = writeReport(ios, opts.output, func(w io.Writer) error {
		return audit.Many(cmd.Context(), refs, m.jobs, aopts, func(o audit.Outcome) error {
			if o.Err != nil {
				failed++
				o.Err = explainAccess(o.Err)
				fmt.Fprintf(ios.ErrOut, "imgaudit: %s\n", oneLine(o.Err))
				return write(w, o)
			}
			pol.Waive(o.Result, time.Now())
			if !policy.Decide(o.Result, threshold, nil).Passed {
				gated++
			}
			return write(w, o)
		})
	})
	switch {
	case err != nil:
		return err
	case failed > 0:
		return fmt.Errorf("%d of %d images could not be audited", failed, len(refs))
	case gated > 0:
		return errGate
	}
	return nil
}

// manyWriter writes one outcome: a JSON line, or a table or Markdown
// report followed by a blank line. An image that was not audited has only
// a JSON line; the error is on stderr in every format.
func manyWriter(format string, ios *streams, toFile bool) (
	func(io.Writer, audit.Outcome) error, error) {
	switch strings.ToLower(format) {
	case "jsonl":
		return func(w io.Writer, o audit.Outcome) error {
			return report.JSONLine(w, o.Reference, o.Result, o.Err)
		}, nil
	case "table", "markdown":
		render, err := renderer(format, ios, toFile)
		if err != nil {
			return nil, err
		}
		return func(w io.Writer, o audit.Outcome) error {
			if o.Err != nil {
				return nil
			}
			if err := render(w, o.Result, nil); err != nil {
				return err
			}
			_, err := fmt.Fprintln(w)
			return err
		}, nil
	}
	return nil, fmt.Errorf("--format %q does not take several images (want jsonl, table or markdown)",
		format)
}

// references lists the images to audit: the arguments, then the lines of
// --from-file, narrowed to --shard's share.
func (m *manyOptions) references(args []string, ios *streams) ([]string, error) {
	refs := append([]string(nil), args...)
	if m.fromFile != "" {
		listed, err := readList(m.fromFile)
		if err != nil {
			return nil, err
		}
		refs = append(refs, listed...)
	}
	if len(refs) == 0 {
		return nil, errors.New("no image to audit: give one or more, or --from-file")
	}
	if m.shard == "" {
		return refs, nil
	}

	i, n, err := parseShard(m.shard)
	if err != nil {
		return nil, err
	}
	var mine []string
	for k := i; k < len(refs); k += n {
		mine = append(mine, refs[k])
	}
	if len(mine) == 0 {
		fmt.Fprintf(ios.ErrOut, "imgaudit: shard %d/%d has no image of the %d listed\n",
			i, n, len(refs))
	}
	return mine, nil
}

// readList reads an image list: one reference a line, blank lines and
// lines starting with # skipped. "-" is stdin.
func readList(name string) ([]string, error) {
	f := os.Stdin
	if name != "-" {
		var err error
		if f, err = os.Open(name); err != nil {
			return nil, fmt.Errorf("reading the image list: %w", err)
		}
		defer f.Close()
	}

	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the image list %q: %w", name, err)
	}
	return out, nil
}

// parseShard reads "I/N" with 0 <= I < N.
func parseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, ierr := strconv.Atoi(strings.TrimSpace(a))
	n, nerr := strconv.Atoi(strings.TrimSpace(b))
	if !ok || ierr != nil || nerr != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want I/N with 0 <= I < N, such as 0/4", s)
	}
	return i, n, nil
}
