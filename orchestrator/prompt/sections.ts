// Headings of the compiled prompt, declared once: the smoke agent and tests find sections by them.
export const REQUIRED_MARKERS_HEADING = 'Required markers';
export const SHARED_SUMMARY_HEADING = 'Shared summary';
export const INBOX_HEADING = 'Your inbox';
