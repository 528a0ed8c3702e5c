;;; harness.el --- Emacs + eglot as an LSP client of `nianbao serve', headless  -*- lexical-binding: t -*-
;;
;;   emacs --batch -l harness.el        (Emacs 28.2 + elpa-eglot 1.9)
;;
;; Environment: NIANBAO_SERVER (server executable), NIANBAO_FILE (report to open),
;; NIANBAO_OUT (JSON written here), NIANBAO_TIMEOUT (seconds, default 20), NIANBAO_EDIT (1:
;; once the diagnostics are in, type into the buffer and wait for the new ones).
;; Writes every publishDiagnostics eglot received and what flymake holds afterwards:
;; beg/end are buffer positions (1-based, in characters: Emacs's own units), line is
;; 1-based and col/end_col are characters from the line's start.  Exits 0 only if
;; flymake got the server's diagnostics before the timeout; 1 on a timeout or if the
;; server is gone, 2 on an error, 3 if eglot is not installed.

(require 'json)
(require 'seq)
(require 'subr-x)
(require 'lisp-mnt)

(defvar harness-out (getenv "NIANBAO_OUT"))

;; Debian's elpa-eglot is a separate package from emacs-nox: say so instead of a backtrace.
(unless (require 'eglot nil t)
  (let ((coding-system-for-write 'utf-8))
    (with-temp-file harness-out
      (insert (json-encode '((error . "eglot is not installed (apt-get install elpa-eglot)"))))))
  (kill-emacs 3))

(prefer-coding-system 'utf-8)           ; what a UTF-8 locale gives; the reports are UTF-8

(defvar harness-result              ; the versions, from eglot.el's own "Version:" header
  (list (cons 'editor (format "emacs %s eglot %s" emacs-version
                              (lm-version (concat (file-name-sans-extension
                                                   (locate-library "eglot")) ".el"))))))
(defvar harness-published nil)

;; Keep the raw params of each publishDiagnostics before eglot converts them for flymake.
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (push params harness-published))))

(defun harness-finish (code)
  "Write the JSON (with the server's stderr) and exit with CODE."
  (accept-process-output nil 0.2)       ; collect stderr still in the pipe
  (push (cons 'published (vconcat (reverse harness-published))) harness-result)
  (push (cons 'server_stderr
              (mapconcat (lambda (b) (with-current-buffer b (buffer-string)))
                         (seq-filter (lambda (b) (string-match-p "EGLOT.*stderr" (buffer-name b)))
                                     (buffer-list))
                         "\n"))
        harness-result)
  (let ((coding-system-for-write 'utf-8))
    (with-temp-file harness-out (insert (json-encode harness-result))))
  (kill-emacs code))

(defun harness-diagnostic (d)
  "One flymake diagnostic D as an alist, in buffer positions and characters."
  (let* ((beg (flymake-diagnostic-beg d))
         (end (flymake-diagnostic-end d))
         (lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
    (save-excursion
      `((code . ,(plist-get lsp :code))
        (beg . ,beg) (end . ,end)
        (line . ,(line-number-at-pos beg t))
        (col . ,(progn (goto-char beg) (- beg (line-beginning-position))))
        (end_line . ,(line-number-at-pos end t))
        (end_col . ,(progn (goto-char end) (- end (line-beginning-position))))
        (type . ,(symbol-name (flymake-diagnostic-type d)))
        (text . ,(flymake-diagnostic-text d))))))

(condition-case err
    (let* ((file (or (getenv "NIANBAO_FILE") (error "NIANBAO_FILE not set")))
           (server (or (getenv "NIANBAO_SERVER") (error "NIANBAO_SERVER not set")))
           (timeout (string-to-number (or (getenv "NIANBAO_TIMEOUT") "20")))
           (deadline (+ (float-time) timeout))
           (buf (find-file file)))              ; a .txt file: text-mode
      (with-current-buffer buf
        ;; eglot 1.9: (eglot MANAGED-MAJOR-MODES PROJECT CLASS CONTACT LANGUAGE-ID); wait for
        ;; the connection up to our timeout (the default, 3 s, then goes on in the background)
        (let ((eglot-sync-connect timeout))
          (eglot '(text-mode) `(transient . ,(file-name-directory file))
                 'eglot-lsp-server (list server "serve") "plaintext"))
        (push (cons 'coding (symbol-name buffer-file-coding-system)) harness-result)
        ;; Flymake starts its backends on an idle timer or after a command; neither comes in
        ;; batch mode, so start it by hand until the diagnostics are in (or time runs out).
        (while (and (null (flymake-diagnostics)) (< (float-time) deadline)
                    (eglot-current-server) (jsonrpc-running-p (eglot-current-server)))
          (flymake-start)
          (accept-process-output nil 0.05))
        (when (and (flymake-diagnostics) (equal (getenv "NIANBAO_EDIT") "1"))
          ;; type into the buffer (the same edits as harness.lua): eglot sends them as
          ;; incremental changes, ranges in UTF-16; wait for the diagnostics of that version
          (save-excursion
            (goto-char (point-min)) (forward-line 8) (insert "𠀀𠀀")
            (goto-char (point-min)) (insert "说明：𠀀\n"))
          (eglot--signal-textDocument/didChange)   ; not after eglot's idle timer: batch mode has no idle
          (while (and (not (seq-find (lambda (p) (equal (plist-get p :version) eglot--versioned-identifier))
                                     harness-published))
                      (< (float-time) deadline) (jsonrpc-running-p (eglot-current-server)))
            (accept-process-output nil 0.05))
          (flymake-start)
          (push (cons 'edited (buffer-substring-no-properties (point-min) (point-max))) harness-result))
        (accept-process-output nil 0.3)        ; let a second publish (if any) land
        (push (cons 'diagnostics (vconcat (mapcar #'harness-diagnostic
                                                  (sort (flymake-diagnostics)
                                                        (lambda (a b) (< (flymake-diagnostic-beg a)
                                                                         (flymake-diagnostic-beg b)))))))
              harness-result)
        (if (null (flymake-diagnostics))
            (progn (push '(error . "no diagnostics: timeout, or the server is gone") harness-result)
                   (harness-finish 1))
          (ignore-errors (eglot-shutdown (eglot-current-server)))
          (harness-finish 0))))
  (error (push (cons 'error (error-message-string err)) harness-result)
         (harness-finish 2)))
