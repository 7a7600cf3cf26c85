-- What the last advice predicted for each candidate (recommendation id -> figures), so a plan
-- applied from a recommendation id after a restart, or on another replica, keeps its predictions
-- to show beside what is measured.
CREATE TABLE advice_prediction (
  id INT PRIMARY KEY,
  body TEXT NOT NULL,
  computed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
