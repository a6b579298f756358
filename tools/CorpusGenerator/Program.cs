// Entry point; filled in by the issue that owns this program.
return 0;
