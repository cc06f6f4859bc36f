package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/imgaudit/imgaudit/pkg/check"
)

func newChecksCmd(ios *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "checks",
		Short: "List every check with its default severity",
		Long: "checks lists the catalogue: each check's ID, which the policy file and\n" +
			"pipelines name it by, its default severity and what it looks for.\n" +
			`"imgaudit explain ID" says why it matters and how to fix it.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return listChecks(ios.Out)
		},
	}
}

func newExplainCmd(ios *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "explain ID",
		Short:   "Say why a check matters and how to fix what it finds",
		Example: "  imgaudit explain secret-deleted",
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, c := range check.All() {
				ids = append(ids, c.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return explain(ios.Out, args[0])
		},
	}
}

// listChecks writes the catalogue as plain columns, one check a line.
func listChecks(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSUMMARY")
	for _, c := range check.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Severity, c.Summary)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing the list: %w", err)
	}
	return nil
}

// explainWidth is the column the rationale and fix wrap at.
const explainWidth = 78

// explain writes one check's summary, rationale and fix.
func explain(w io.Writer, id string) error {
	c, ok := check.Lookup(id)
	if !ok {
		return unknownCheck(id)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n%s\n\n", c.ID, c.Severity, wrap(c.Summary, explainWidth, "  "))
	fmt.Fprintf(&b, "Why:\n%s\n\n", wrap(c.Rationale, explainWidth, "  "))
	fmt.Fprintf(&b, "Fix:\n%s\n", wrap(c.Fix, explainWidth, "  "))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the explanation: %w", err)
	}
	return nil
}

// unknownCheck says an ID is not in the catalogue, naming the IDs that
// contain what was typed, if any.
func unknownCheck(id string) error {
	var near []string
	for _, c := range check.All() {
		if id != "" && strings.Contains(c.ID, strings.ToLower(id)) {
			near = append(near, c.ID)
		}
	}
	if len(near) > 0 {
		return fmt.Errorf("unknown check %q (did you mean %s?)", id, strings.Join(near, ", "))
	}
	return fmt.Errorf(`unknown check %q ("imgaudit checks" lists them)`, id)
}

// wrap breaks text into lines of at most width columns, each starting with
// indent; a word longer than a line stays whole.
func wrap(text string, width int, indent string) string {
	var lines []string
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	return strings.Join(slices.Concat(lines, []string{line}), "\n")
}
