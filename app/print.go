package app

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// errNoPrintSystem says why nothing can be printed here.
var errNoPrintSystem = errors.New("this machine has no print system (CUPS's lp command): save the PDF and print it from another machine, or install cups-client")

// lpPrint sends a PDF file to the default printer through lp (CUPS, the
// print system of Debian and macOS). It returns once the job is spooled.
func lpPrint(path, title string) error {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return errNoPrintSystem
	}
	out, err := exec.Command(lp, "-t", title, "--", path).CombinedOutput()
	if err != nil {
		if msg := strings.TrimSpace(string(out)); msg != "" {
			return fmt.Errorf("lp: %s", msg)
		}
		return fmt.Errorf("lp: %w", err)
	}
	return nil
}

// printPDF writes pdf to a temporary file (0600), hands it to print and
// removes it.
func printPDF(print func(path, title string) error, pdf []byte, title string) error {
	f, err := os.CreateTemp("", "baton-print-*.pdf")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(pdf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return print(f.Name(), title)
}
