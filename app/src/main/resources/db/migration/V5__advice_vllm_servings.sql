-- The vLLM server arguments (tensor parallel size, context, sequences, GPU memory share) the last
-- advice gave each vLLM recommendation (recommendation id -> arguments): a vLLM id does not carry
-- them, and a plan applied from it after a restart, or on another replica, starts vLLM with them.
CREATE TABLE advice_vllm_serving (
  id INT PRIMARY KEY,
  body TEXT NOT NULL,
  computed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
