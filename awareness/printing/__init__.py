"""Paper for residents: the large-print handout and the poster of a module, as a print-ready
page and as PDF, with a QR code to the module and its address printed in full beside it.
Both are other renderings of the module as stored (lessons, help page), never copies."""
